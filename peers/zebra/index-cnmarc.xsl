<?xml version="1.0" encoding="UTF-8"?>
<!-- CNMARC / UNIMARC bibliographic (MARCXML slim structure) to Zebra index
     instructions, with the same Bib-1 names as index-marc21.xsl so one query
     works on both databases. $9 and $A carry pinyin (NLC and CALIS practice). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:m="http://www.loc.gov/MARC21/slim"
    xmlns:z="http://indexdata.com/zebra-2.0"
    exclude-result-prefixes="m">
  <xsl:import href="index-common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:template match="text()"/>

  <xsl:template match="m:record">
    <z:record z:id="{normalize-space(m:controlfield[@tag='001'])}">
      <xsl:for-each select="m:controlfield[@tag='001']">
        <z:index name="Local-number:w Local-number:0"><xsl:value-of select="normalize-space(.)"/></z:index>
      </xsl:for-each>
      <!-- 100 $a/9-12: date 1. -->
      <xsl:for-each select="m:datafield[@tag='100']/m:subfield[@code='a']">
        <xsl:call-template name="year"><xsl:with-param name="value" select="substring(., 10, 4)"/></xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='101']/m:subfield[@code='a']">
        <z:index name="Code-language:w"><xsl:value-of select="."/></z:index>
      </xsl:for-each>

      <xsl:for-each select="m:datafield[@tag='010']/m:subfield[@code='a']">
        <xsl:call-template name="standard-number">
          <xsl:with-param name="index" select="'ISBN'"/><xsl:with-param name="value" select="."/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='011']/m:subfield[@code='a']">
        <xsl:call-template name="standard-number">
          <xsl:with-param name="index" select="'ISSN'"/><xsl:with-param name="value" select="."/>
        </xsl:call-template>
      </xsl:for-each>

      <!-- 200: title proper, other title information, part number and name. -->
      <xsl:for-each select="m:datafield[@tag='200']">
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Title:w Title:p'"/><xsl:with-param name="codes" select="'acdehi'"/>
        </xsl:call-template>
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Title:w'"/><xsl:with-param name="codes" select="'9A'"/>
        </xsl:call-template>
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Title:s'"/><xsl:with-param name="codes" select="'ahi'"/>
        </xsl:call-template>
      </xsl:for-each>
      <!-- Uniform, parallel and variant titles. -->
      <xsl:for-each select="m:datafield[@tag='500' or @tag='510' or @tag='517' or @tag='540' or @tag='541']">
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Title:w'"/><xsl:with-param name="codes" select="'aehi9A'"/>
        </xsl:call-template>
      </xsl:for-each>
      <!-- Series statement. -->
      <xsl:for-each select="m:datafield[@tag='225']">
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Title:w Title-series:w'"/><xsl:with-param name="codes" select="'aehi9A'"/>
        </xsl:call-template>
      </xsl:for-each>

      <!-- 70X personal and 71X corporate names (primary, alternative, secondary). -->
      <xsl:for-each select="m:datafield[@tag='700' or @tag='701' or @tag='702' or @tag='710' or @tag='711' or @tag='712']">
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Author:w'"/><xsl:with-param name="codes" select="'abcdfg9A'"/>
        </xsl:call-template>
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Author:p'"/><xsl:with-param name="codes" select="'ab'"/>
        </xsl:call-template>
      </xsl:for-each>

      <!-- 210 publication (214 in later UNIMARC). -->
      <xsl:for-each select="m:datafield[@tag='210' or @tag='214']">
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Publisher:w Publisher:p'"/><xsl:with-param name="codes" select="'c'"/>
        </xsl:call-template>
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Place-publication:w'"/><xsl:with-param name="codes" select="'a'"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='210' or @tag='214']/m:subfield[@code='d']">
        <xsl:call-template name="year"><xsl:with-param name="value" select="."/></xsl:call-template>
      </xsl:for-each>

      <!-- Subjects 600-608; 690 is the Chinese Library Classification. -->
      <xsl:for-each select="m:datafield[number(@tag) &gt;= 600 and number(@tag) &lt;= 608]">
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Subject-heading:w Subject-heading:p'"/><xsl:with-param name="codes" select="'abcdfjxyz'"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='690']/m:subfield[@code='a']">
        <z:index name="Local-classification:w"><xsl:value-of select="."/></z:index>
      </xsl:for-each>

      <xsl:for-each select="m:datafield[@tag='905']/m:subfield[@code='a']">
        <z:index name="Code-institution:w"><xsl:value-of select="."/></z:index>
      </xsl:for-each>

      <xsl:call-template name="any">
        <xsl:with-param name="extra-codes" select="'9'"/>
      </xsl:call-template>
    </z:record>
  </xsl:template>
</xsl:stylesheet>

<?xml version="1.0" encoding="UTF-8"?>
<!-- MARC 21 bibliographic (MARCXML) to Zebra index instructions, Bib-1 names
     from bib1.att: Title 4, Author 1003, ISBN 7, ISSN 8, Publisher 1018,
     Subject-heading 21, Any 1016, Date 30, Date-of-publication 31. -->
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
      <xsl:for-each select="m:controlfield[@tag='008']">
        <xsl:call-template name="year"><xsl:with-param name="value" select="substring(., 8, 4)"/></xsl:call-template>
        <z:index name="Code-language:w"><xsl:value-of select="substring(., 36, 3)"/></z:index>
      </xsl:for-each>

      <xsl:for-each select="m:datafield[@tag='020']/m:subfield[@code='a']">
        <xsl:call-template name="standard-number">
          <xsl:with-param name="index" select="'ISBN'"/><xsl:with-param name="value" select="."/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='022']/m:subfield[@code='a' or @code='l']">
        <xsl:call-template name="standard-number">
          <xsl:with-param name="index" select="'ISSN'"/><xsl:with-param name="value" select="."/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='041']/m:subfield[@code='a']">
        <z:index name="Code-language:w"><xsl:value-of select="."/></z:index>
      </xsl:for-each>

      <!-- Title proper (and its 880 original-script form). -->
      <xsl:for-each select="m:datafield[@tag='245'] | m:datafield[@tag='880'][starts-with(m:subfield[@code='6'], '245')]">
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Title:w Title:p'"/><xsl:with-param name="codes" select="'abnp'"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='245']">
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Title:s'"/><xsl:with-param name="codes" select="'anp'"/>
        </xsl:call-template>
      </xsl:for-each>
      <!-- Variant, uniform and related titles. -->
      <xsl:for-each select="m:datafield[@tag='130' or @tag='240' or @tag='246' or @tag='730' or @tag='740']
                          | m:datafield[@tag='880'][starts-with(m:subfield[@code='6'], '246') or starts-with(m:subfield[@code='6'], '240')]">
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Title:w'"/><xsl:with-param name="codes" select="'abnp'"/>
        </xsl:call-template>
      </xsl:for-each>
      <!-- Series. -->
      <xsl:for-each select="m:datafield[@tag='490' or @tag='830']
                          | m:datafield[@tag='880'][starts-with(m:subfield[@code='6'], '490') or starts-with(m:subfield[@code='6'], '830')]">
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Title:w Title-series:w'"/><xsl:with-param name="codes" select="'anp'"/>
        </xsl:call-template>
      </xsl:for-each>

      <!-- Names: main and added entries, personal, corporate, meeting. -->
      <xsl:for-each select="m:datafield[@tag='100' or @tag='110' or @tag='111' or @tag='700' or @tag='710' or @tag='711']
                          | m:datafield[@tag='880'][starts-with(m:subfield[@code='6'], '100') or starts-with(m:subfield[@code='6'], '110') or starts-with(m:subfield[@code='6'], '700') or starts-with(m:subfield[@code='6'], '710')]">
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Author:w'"/><xsl:with-param name="codes" select="'abcdq'"/>
        </xsl:call-template>
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Author:p'"/><xsl:with-param name="codes" select="'abq'"/>
        </xsl:call-template>
      </xsl:for-each>

      <!-- Publication: publisher, place, year (260 or RDA 264 ind2=1). -->
      <xsl:for-each select="m:datafield[@tag='260' or (@tag='264' and @ind2='1')]
                          | m:datafield[@tag='880'][starts-with(m:subfield[@code='6'], '260') or starts-with(m:subfield[@code='6'], '264')]">
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Publisher:w Publisher:p'"/><xsl:with-param name="codes" select="'b'"/>
        </xsl:call-template>
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Place-publication:w'"/><xsl:with-param name="codes" select="'a'"/>
        </xsl:call-template>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='260' or (@tag='264' and @ind2='1')]/m:subfield[@code='c']">
        <xsl:call-template name="year"><xsl:with-param name="value" select="."/></xsl:call-template>
      </xsl:for-each>

      <!-- Subjects. -->
      <xsl:for-each select="m:datafield[starts-with(@tag, '6')]">
        <xsl:call-template name="emit">
          <xsl:with-param name="names" select="'Subject-heading:w Subject-heading:p'"/><xsl:with-param name="codes" select="'abcdtvxyz'"/>
        </xsl:call-template>
      </xsl:for-each>

      <!-- Holding institutions, so a search can be limited to one library. -->
      <xsl:for-each select="m:datafield[@tag='852']/m:subfield[@code='a']">
        <z:index name="Code-institution:w"><xsl:value-of select="."/></z:index>
      </xsl:for-each>

      <xsl:call-template name="any"/>
    </z:record>
  </xsl:template>
</xsl:stylesheet>

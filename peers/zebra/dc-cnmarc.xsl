<?xml version="1.0" encoding="UTF-8"?>
<!-- CNMARC to SRU Dublin Core (info:srw/schema/1/dc-v1.1). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:m="http://www.loc.gov/MARC21/slim"
    xmlns:srw_dc="info:srw/schema/1/dc-schema"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    exclude-result-prefixes="m">
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:template match="/m:record">
    <srw_dc:dc>
      <xsl:for-each select="m:datafield[@tag='200']">
        <dc:title>
          <xsl:for-each select="m:subfield[@code='a' or @code='e' or @code='h' or @code='i']">
            <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if>
            <xsl:value-of select="."/>
          </xsl:for-each>
        </dc:title>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='700' or @tag='701' or @tag='702' or @tag='710' or @tag='711' or @tag='712']">
        <dc:creator>
          <xsl:value-of select="m:subfield[@code='a']"/>
          <xsl:if test="m:subfield[@code='b']">, <xsl:value-of select="m:subfield[@code='b']"/></xsl:if>
        </dc:creator>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[number(@tag) &gt;= 600 and number(@tag) &lt;= 608]">
        <dc:subject><xsl:value-of select="m:subfield[@code='a']"/></dc:subject>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='210']/m:subfield[@code='c']">
        <dc:publisher><xsl:value-of select="."/></dc:publisher>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='210']/m:subfield[@code='d']">
        <dc:date><xsl:value-of select="."/></dc:date>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='010']/m:subfield[@code='a']">
        <dc:identifier>urn:isbn:<xsl:value-of select="."/></dc:identifier>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='011']/m:subfield[@code='a']">
        <dc:identifier>urn:issn:<xsl:value-of select="."/></dc:identifier>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='856']/m:subfield[@code='u']">
        <dc:identifier><xsl:value-of select="."/></dc:identifier>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='101']/m:subfield[@code='a']">
        <dc:language><xsl:value-of select="."/></dc:language>
      </xsl:for-each>
      <dc:type><xsl:value-of select="substring(m:leader, 7, 2)"/></dc:type>
    </srw_dc:dc>
  </xsl:template>
</xsl:stylesheet>

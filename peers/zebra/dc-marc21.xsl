<?xml version="1.0" encoding="UTF-8"?>
<!-- MARC 21 to SRU Dublin Core (info:srw/schema/1/dc-v1.1). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:m="http://www.loc.gov/MARC21/slim"
    xmlns:srw_dc="info:srw/schema/1/dc-schema"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    exclude-result-prefixes="m">
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:template match="/m:record">
    <srw_dc:dc>
      <xsl:for-each select="m:datafield[@tag='245'] | m:datafield[@tag='880'][starts-with(m:subfield[@code='6'], '245')]">
        <dc:title>
          <xsl:for-each select="m:subfield[@code='a' or @code='b' or @code='n' or @code='p']">
            <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if>
            <xsl:value-of select="."/>
          </xsl:for-each>
        </dc:title>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='100' or @tag='110' or @tag='700' or @tag='710']">
        <dc:creator><xsl:value-of select="m:subfield[@code='a']"/></dc:creator>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[starts-with(@tag, '6')]">
        <dc:subject><xsl:value-of select="m:subfield[@code='a']"/></dc:subject>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='260' or @tag='264']/m:subfield[@code='b']">
        <dc:publisher><xsl:value-of select="."/></dc:publisher>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='260' or @tag='264']/m:subfield[@code='c']">
        <dc:date><xsl:value-of select="."/></dc:date>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='020']/m:subfield[@code='a']">
        <dc:identifier>urn:isbn:<xsl:value-of select="."/></dc:identifier>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='022']/m:subfield[@code='a']">
        <dc:identifier>urn:issn:<xsl:value-of select="."/></dc:identifier>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='856']/m:subfield[@code='u']">
        <dc:identifier><xsl:value-of select="."/></dc:identifier>
      </xsl:for-each>
      <dc:language><xsl:value-of select="substring(m:controlfield[@tag='008'], 36, 3)"/></dc:language>
      <dc:type><xsl:value-of select="substring(m:leader, 7, 2)"/></dc:type>
    </srw_dc:dc>
  </xsl:template>
</xsl:stylesheet>
